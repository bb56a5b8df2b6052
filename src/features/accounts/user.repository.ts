import type { Db } from "../../storage/storage.js";
import type { Role, UserRow } from "./account.table.js";
import type { StaffUser } from "./user.js";

export const toStaffUser = (row: UserRow): StaffUser => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  authorId: row.author_id,
  hasPassword: row.password_hash !== null,
  suspended: row.suspended_at !== null,
  createdAt: row.created_at,
});

export async function findUserRowByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
}

export async function findUserById(db: Db, id: number): Promise<StaffUser | undefined> {
  const row = await db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toStaffUser(row);
}

export async function listUsers(db: Db): Promise<StaffUser[]> {
  const rows = await db.selectFrom("users").selectAll().orderBy("name").execute();
  return rows.map(toStaffUser);
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<string | number>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertUser(
  db: Db,
  user: { email: string; name: string; role: Role; authorId: number; passwordHash: string | null },
  now: number,
): Promise<number> {
  const { id } = await db
    .insertInto("users")
    .values({
      email: user.email,
      name: user.name,
      role: user.role,
      author_id: user.authorId,
      password_hash: user.passwordHash,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateUser(
  db: Db,
  id: number,
  changes: Partial<{ role: Role; password_hash: string; suspended_at: number | null; name: string }>,
): Promise<void> {
  await db.updateTable("users").set(changes).where("id", "=", id).execute();
}
