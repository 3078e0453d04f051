import type { FollowUp, Note, Stage } from '@leadlight/contract';
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from './client';
import { prepareOnce } from './prepared';
import { followUps, notes, stageMoves } from './schema';

type NoteRow = typeof notes.$inferSelect;
type FollowUpRow = typeof followUps.$inferSelect;
export type StageMoveRow = typeof stageMoves.$inferSelect;

function toNote(row: NoteRow): Note {
  return { ...row };
}

function toFollowUp(row: FollowUpRow): FollowUp {
  return {
    ...row,
    channel: row.channel as FollowUp['channel'],
    outcome: row.outcome as FollowUp['outcome'],
  };
}

/** Prepared once per connection: notes are the busiest write (group-committed by the hundreds per second). */
export function insertNote(db: DbOrTx, note: Note): Note {
  const query = prepareOnce(db, 'insertNote', (handle) =>
    handle
      .insert(notes)
      .values({
        id: sql.placeholder('id'),
        leadId: sql.placeholder('leadId'),
        authorId: sql.placeholder('authorId'),
        body: sql.placeholder('body'),
        createdAt: sql.placeholder('createdAt'),
        updatedAt: sql.placeholder('updatedAt'),
      })
      .prepare(),
  );
  query.run({ ...note });
  return note;
}

export function findNote(db: DbOrTx, id: string): Note | undefined {
  const row = db.select().from(notes).where(eq(notes.id, id)).get();
  return row ? toNote(row) : undefined;
}

export function updateNoteBody(db: DbOrTx, id: string, body: string, now: string): void {
  db.update(notes).set({ body, updatedAt: now }).where(eq(notes.id, id)).run();
}

export function listNotes(db: DbOrTx, leadId: string): Note[] {
  return db
    .select()
    .from(notes)
    .where(eq(notes.leadId, leadId))
    .orderBy(desc(notes.createdAt), desc(notes.id))
    .all()
    .map(toNote);
}

export function insertFollowUp(db: DbOrTx, followUp: FollowUp): FollowUp {
  db.insert(followUps).values(followUp).run();
  return followUp;
}

export function listFollowUps(db: DbOrTx, leadId: string): FollowUp[] {
  return db
    .select()
    .from(followUps)
    .where(eq(followUps.leadId, leadId))
    .orderBy(desc(followUps.occurredAt), desc(followUps.id))
    .all()
    .map(toFollowUp);
}

export function insertStageMove(db: DbOrTx, move: StageMoveRow): StageMoveRow {
  db.insert(stageMoves).values(move).run();
  return move;
}

export function listStageMoves(
  db: DbOrTx,
  leadId: string,
): (StageMoveRow & { fromStage: Stage; toStage: Stage })[] {
  return db
    .select()
    .from(stageMoves)
    .where(eq(stageMoves.leadId, leadId))
    .orderBy(asc(stageMoves.movedAt), asc(stageMoves.id))
    .all() as (StageMoveRow & { fromStage: Stage; toStage: Stage })[];
}
