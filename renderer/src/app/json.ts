/** A value settings.set accepts (the contract validates it with z.json()). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
