// vitest runs server modules directly; `server-only` exists to stop them reaching a browser bundle.
export {};
