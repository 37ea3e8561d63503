// What the dashboard reads of the federated-learning API, and how it turns it into a curve and counts.

/** GET /api/v1/federated/tasks/{name}: loss and accuracy are numbers, or "NaN" before a version was measured. */
export interface UpdateOutcomeView {
  readonly sender: string;
  readonly status: 'ACCEPTED' | 'OUTVOTED' | 'REJECTED';
  readonly weight: number;
  readonly reason: string;
}

export interface RoundView {
  readonly round: number;
  readonly participants: string[];
  readonly outcomes: UpdateOutcomeView[];
  readonly version: number;
  readonly loss: number | string;
  readonly accuracy: number | string;
}

export interface RunView {
  readonly run_id: string;
  readonly state: string;
  readonly strategy: string;
  readonly rounds: number;
  readonly rounds_done: number;
  readonly participants: string[];
  readonly history: RoundView[];
  readonly reason: string;
}

export interface TaskView {
  readonly task: string;
  readonly state: string;
  readonly served_version: number;
  readonly runs: RunView[];
}

/** GET /api/v1/models/versions?task=…: privacy is null when a round that led to the version ran without. */
export interface VersionView {
  readonly number: number;
  readonly digest: string;
  readonly privacy: { epsilon: number; delta: number; rounds: number } | null;
}

/** How the served version protects each participant's data, in words. */
export function privacyText(version: VersionView | undefined): string {
  if (!version) return '–';
  const p = version.privacy;
  return p ? `ε ${p.epsilon.toFixed(2)} at δ ${p.delta.toExponential(0)} (${p.rounds} noised rounds)` : 'no differential privacy';
}

export const FEDERATED_EVENT_PREFIX = 'aegis/federated/';


/** A measured value, or null for "not measured" (the API writes NaN as a string). */
export function measured(value: number | string): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The accuracy curve of a run: rounds on x, accuracy in percent on y (rounds without a version are gaps). */
export function accuracyCurve(run: RunView | undefined): [number[], Array<number | null>] {
  const rounds = run?.history ?? [];
  return [rounds.map((r) => r.round), rounds.map((r) => {
    const accuracy = measured(r.accuracy);
    return accuracy === null ? null : accuracy * 100;
  })];
}

/** How many updates of a round were accepted, outvoted and rejected. */
export function outcomeCounts(round: RoundView): Record<UpdateOutcomeView['status'], number> {
  const counts = { ACCEPTED: 0, OUTVOTED: 0, REJECTED: 0 };
  for (const outcome of round.outcomes) counts[outcome.status] += 1;
  return counts;
}
