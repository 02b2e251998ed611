/**
 * The journeys run in two workers, and each worker has a world of its own: its
 * RERO+ simulator, Libris fake, stores and gateways (behind nginx and Caddy too),
 * on ports of its own. RERO+ keeps one live token per patron and the stores are
 * shared by a world's gateways: in one world, two journeys signing in the same
 * patron at once would end each other's sessions, and an admin's edit in one
 * would change another's decisions. Across worlds nothing is shared.
 *
 * A worker's world is its Playwright parallel index (TEST_PARALLEL_INDEX, set in
 * each worker before the config and the journeys load). The runner, which starts
 * the servers, builds every world's list from the same functions.
 */
export const WORLDS = 2;

/** This process's world: the worker's slot, or 0 in the runner. */
export const WORLD = Number(process.env.TEST_PARALLEL_INDEX ?? 0) % WORLDS;

/**
 * Ports of world n are world 0's plus n × 500 (world 0: 3100…3215, 4500…4511, 8180…8201;
 * world 1: 3600…, 5000…, 8680…), clear of each other up to world 4 and of the
 * fixed ports 3301…3361 that HTTP-level tests start their own instances on.
 */
export const inWorld = (port: number, world: number) => port + world * 500;
