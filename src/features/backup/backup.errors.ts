/** A backup or restore that cannot go ahead, with a one-line message for the person who asked. */
export class BackupRefused extends Error {}
