/** Builds a value on first use and caches it, so schemas cost nothing at import time. */
export function once<T>(build: () => T): () => T {
  let cached: { readonly value: T } | undefined;
  return () => {
    cached ??= { value: build() };
    return cached.value;
  };
}
