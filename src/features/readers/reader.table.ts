import type { Generated } from "kysely";

export interface ReaderTables {
  readers: { id: Generated<number>; email: string; display_name: string; created_at: number };
  reader_sessions: { token_hash: string; reader_id: number; created_at: number; expires_at: number };
  reader_sign_in_links: {
    token_hash: string;
    email: string;
    /** Where the reader was when they asked (an article), so the link brings them back there. */
    return_to: string;
    created_at: number;
    expires_at: number;
    used_at: number | null;
  };
}
