import { AppError, type Words } from "../core/errors.js";
import type { MessageKey, PluralKey } from "./catalog.js";
import { createI18n } from "./i18n.js";

/** Errors keep English as their message: the JSON API, the logs and the staff area speak it. */
const ENGLISH = createI18n("en", "UTC");

/**
 * An error a reader may meet on a public page or form, worded by the catalogs: its message is the
 * English text, and `words` lets the page say it in the site's language (`i18n.say(error)`).
 */
export function readerError(
  code: string,
  status: number,
  key: Exclude<MessageKey, PluralKey>,
  values?: Words["values"],
): AppError {
  const error = new AppError(code, status, ENGLISH.t(key, values));
  error.words = { key, values };
  return error;
}
