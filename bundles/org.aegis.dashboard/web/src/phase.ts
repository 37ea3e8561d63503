/**
 * The oscillators' phases between two polls of the API: each advances at its natural frequency from the last
 * sample, and when a new sample arrives the difference between what was shown and the sample fades out over
 * {@code blendMs} instead of jumping (the real dynamics add coupling and noise that the frequencies alone miss).
 */
export interface OscillatorSample {
  readonly phases: readonly number[];
  readonly frequencies: readonly number[];
}

const TWO_PI = 2 * Math.PI;

/** The angle in [−π, π). */
export function wrap(angle: number): number {
  return angle - TWO_PI * Math.floor((angle + Math.PI) / TWO_PI);
}

export class PhaseTrack {
  private sample: OscillatorSample | undefined;
  private sampledAt = 0;
  /** Shown minus sampled phase at the moment the sample arrived, per oscillator. */
  private offsets: number[] = [];

  constructor(private readonly blendMs = 200) {}

  /** Takes a new sample received at {@code nowMs}. */
  update(sample: OscillatorSample, nowMs: number): void {
    if (sample.phases.length !== sample.frequencies.length) {
      throw new Error(`phases (${sample.phases.length}) and frequencies (${sample.frequencies.length}) differ in length`);
    }
    const shown = this.sample && this.sample.phases.length === sample.phases.length ? this.at(nowMs) : undefined;
    this.offsets = sample.phases.map((phase, k) => (shown ? wrap(shown[k] - phase) : 0));
    this.sample = sample;
    this.sampledAt = nowMs;
  }

  /** The phases to draw at {@code nowMs}, in radians (not wrapped); empty before the first sample. */
  at(nowMs: number): number[] {
    if (!this.sample) return [];
    const elapsed = Math.max(0, nowMs - this.sampledAt);
    const fade = this.blendMs > 0 ? Math.max(0, 1 - elapsed / this.blendMs) : 0;
    const seconds = elapsed / 1000;
    return this.sample.phases.map((phase, k) => phase + this.sample!.frequencies[k] * seconds + this.offsets[k] * fade);
  }
}

/** The Kuramoto order parameter |mean e^{iθ}| of the given phases, 0 for none. */
export function orderParameter(phases: readonly number[]): number {
  if (phases.length === 0) return 0;
  let re = 0;
  let im = 0;
  for (const phase of phases) {
    re += Math.cos(phase);
    im += Math.sin(phase);
  }
  return Math.hypot(re, im) / phases.length;
}
