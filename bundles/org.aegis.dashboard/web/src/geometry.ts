/**
 * Where the 13 oscillators are drawn (docs/metrics.md §1): oscillator 0 at the centre, 1..12 on the icosahedron's
 * vertices (0,a,bφ), (a,bφ,0), (aφ,0,b) for (a,b) = (1,1),(1,−1),(−1,1),(−1,−1), in that order, projected along
 * the 3-fold axis (1,1,1). Seen that way the icosahedron is Metatron's cube: an inner and an outer hexagon, each
 * outer vertex straight behind an inner one, and the centre free for oscillator 0.
 */
export interface Point {
  readonly x: number;
  readonly y: number;
}

const GOLDEN = (1 + Math.sqrt(5)) / 2;
const SIGNS: ReadonlyArray<readonly [number, number]> = [[1, 1], [1, -1], [-1, 1], [-1, -1]];

/** The icosahedron's vertices in the order of oscillators 1..12. */
export function icosahedron(): Array<[number, number, number]> {
  const vertices: Array<[number, number, number]> = [];
  for (const [a, b] of SIGNS) vertices.push([0, a, b * GOLDEN]);
  for (const [a, b] of SIGNS) vertices.push([a, b * GOLDEN, 0]);
  for (const [a, b] of SIGNS) vertices.push([a * GOLDEN, 0, b]);
  return vertices;
}

/** Positions of oscillators 0..12 in the unit disc (the outer hexagon on the unit circle), y downwards. */
export function metatronLayout(): Point[] {
  // An orthonormal basis of the plane perpendicular to (1,1,1).
  const u = [1 / Math.SQRT2, -1 / Math.SQRT2, 0];
  const w = [1 / Math.sqrt(6), 1 / Math.sqrt(6), -2 / Math.sqrt(6)];
  const projected = icosahedron().map(([x, y, z]) => ({
    x: x * u[0] + y * u[1] + z * u[2],
    y: x * w[0] + y * w[1] + z * w[2],
  }));
  const outer = Math.max(...projected.map((p) => Math.hypot(p.x, p.y)));
  return [{ x: 0, y: 0 }, ...projected.map((p) => ({ x: p.x / outer, y: -p.y / outer }))];
}

/** The graph's edges, each once (j < k), from the neighbour lists the API gives. */
export function edges(neighbours: ReadonlyArray<ReadonlyArray<number>>): Array<[number, number]> {
  const result: Array<[number, number]> = [];
  neighbours.forEach((list, j) => {
    for (const k of list) {
      if (k > j && k < neighbours.length) result.push([j, k]);
    }
  });
  return result;
}
