/** A JSON text field's value, or why it is not JSON (shown beside the field, before sending). */
export type JsonField = { ok: true; value: JsonValue } | { ok: false; error: string };
type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export function parseJsonField(text: string, label: string, emptyValue?: JsonValue): JsonField {
  if (!text.trim()) {
    return emptyValue === undefined
      ? { ok: false, error: `${label} is empty.` }
      : { ok: true, value: emptyValue };
  }
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch (error) {
    return { ok: false, error: `${label} is not valid JSON: ${(error as Error).message}` };
  }
}
