import { describe, expect, it } from 'vitest';
import type { PatronSession } from './cookie';
import { EndedSessions, SessionEndsFeed, type SessionEnd, type SessionEndsSource } from './ends';

/** A store's rows in memory, read as lib/store/session-ends.ts reads them (seq order, at most `limit`). */
function memorySource(rows: SessionEnd[]) {
  const reads: number[] = [];
  const awaited: number[] = [];
  const source: SessionEndsSource = {
    async endsAfter(after, limit) {
      reads.push(after);
      return rows.filter((row) => row.seq > after).slice(0, limit);
    },
    async endsAmong(seqs) {
      awaited.push(seqs.length);
      return rows.filter((row) => seqs.includes(row.seq));
    },
    async purgeExpired() {
      return 0;
    },
  };
  return { source, reads, awaited };
}

const session = (id: string): PatronSession => ({ id, tokens: { accessToken: 'a', expiresAt: 0, obtainedAt: 0 }, facts: { userId: '7', records: [] }, validatedAt: 0 });

describe('SessionEndsFeed', () => {
  it('reads a store holding more ends than one page to its end at once, and waits for no number below the first row (purged)', async () => {
    const expiresAt = Date.now() + 86_400_000;
    const rows: SessionEnd[] = Array.from({ length: 25_000 }, (_, i) => ({ seq: 5_001 + i, kind: 'session', sessionId: `s${5_001 + i}`, expiresAt }));
    const { source, reads } = memorySource(rows);
    const ended = new EndedSessions();
    const feed = new SessionEndsFeed(async () => source, ended);
    await feed.catchUp();
    expect(feed.status.seq).toBe(30_000);
    expect(ended.judge(session('s30000'))).toBe('signed-out');
    expect(ended.judge(session('s5001'))).toBe('signed-out');
    // The next read starts at the highest seen; only the last numbers below the first row are still awaited, by number.
    reads.length = 0;
    await feed.catchUp();
    expect(reads).toEqual([30_000]);
  });

  it('re-reads from a number skipped between two rows until it commits', async () => {
    const expiresAt = Date.now() + 86_400_000;
    const rows: SessionEnd[] = [
      { seq: 1, kind: 'session', sessionId: 'first', expiresAt },
      { seq: 3, kind: 'session', sessionId: 'third', expiresAt },
    ];
    const { source, awaited } = memorySource(rows);
    const ended = new EndedSessions();
    const feed = new SessionEndsFeed(async () => source, ended);
    await feed.catchUp();
    awaited.length = 0;
    await feed.catchUp();
    expect(awaited).toEqual([1]); // seq 2 is awaited
    rows.splice(1, 0, { seq: 2, kind: 'session', sessionId: 'late', expiresAt });
    await feed.catchUp();
    expect(ended.judge(session('late'))).toBe('signed-out');
    awaited.length = 0;
    await feed.catchUp();
    expect(awaited).toEqual([]); // nothing awaited any more
  });
});
