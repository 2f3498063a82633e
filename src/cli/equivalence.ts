/**
 * Reachability over equivalence classes, so the matrix scales with the number of distinct kinds
 * of endpoint rather than with the number of endpoints squared.
 *
 * Why this is exact: the verdict for a flow between two workload endpoints is a function of what
 * policy evaluation can observe about each side, and nothing else:
 *  - which policies and profiles apply, and which rule selectors match the endpoint's address:
 *    both depend only on its effective labels (own + inherited from its profiles, which include
 *    the namespace's `pcns.` and the service account's `pcsa.` labels), its namespace, and the
 *    labels of anything else holding its address (network sets and host endpoints, whose CIDRs
 *    split classes; another workload, which makes the endpoint a class of its own);
 *  - the profiles it falls through to, in order;
 *  - named ports: the destination's (name, protocol, port) list decides named-port IP-set
 *    membership (the source's for `source.ports` names);
 *  - the address itself, but only through rule `nets` / `notNets` (and Kubernetes ipBlocks) and
 *    the EndpointSlices of Services that rules name: two addresses inside exactly the same
 *    loaded CIDRs and slices match exactly the same rules; and through the address family,
 *    which filters rules by ipVersion.
 * Two endpoints that agree on all of these (their "signature") are interchangeable as source and
 * as destination, so one representative pair per (source class, destination class) decides every
 * pair of their members. The cost is classes² checks instead of endpoints². A test compares the
 * class-based matrix with the brute-force one on the example cluster.
 */

/** The matrix: items, the class of each item, and one verdict per (source class, destination class). */
export interface ClassMatrix<T, V> {
  readonly items: readonly T[];
  /** classOf[i] = index of item i's class. */
  readonly classOf: readonly number[];
  /** classes[c] = indexes of the items in class c, in item order. */
  readonly classes: readonly (readonly number[])[];
  /** verdicts[source class][destination class]. */
  readonly verdicts: readonly (readonly V[])[];
}

/** Groups items by signature (first-seen order), returning each item's class and each class's members. */
export function groupBySignature<T>(
  items: readonly T[],
  signatureOf: (item: T) => string,
): { readonly classOf: readonly number[]; readonly classes: readonly (readonly number[])[] } {
  const bySignature = new Map<string, number>();
  const classOf: number[] = [];
  const classes: number[][] = [];
  items.forEach((item, i) => {
    const signature = signatureOf(item);
    let c = bySignature.get(signature);
    if (c === undefined) {
      c = classes.length;
      bySignature.set(signature, c);
      classes.push([]);
    }
    classes[c]!.push(i);
    classOf.push(c);
  });
  return { classOf, classes };
}

/** Evaluates one representative pair per class pair; `onProgress` is told how many pairs are done. */
export function classMatrix<T, V>(
  items: readonly T[],
  signatureOf: (item: T) => string,
  check: (source: T, destination: T) => V,
  onProgress?: (done: number, total: number) => void,
): ClassMatrix<T, V> {
  const { classOf, classes } = groupBySignature(items, signatureOf);
  const total = classes.length * classes.length;
  const verdicts: V[][] = [];
  let done = 0;
  for (const sourceClass of classes) {
    const row: V[] = [];
    const source = items[sourceClass[0]!]!;
    for (const destinationClass of classes) {
      row.push(check(source, items[destinationClass[0]!]!));
      done++;
      onProgress?.(done, total);
    }
    verdicts.push(row);
  }
  return { items, classOf, classes, verdicts };
}

/** The verdict for items i → j, read from their classes. */
export function cell<T, V>(matrix: ClassMatrix<T, V>, source: number, destination: number): V {
  return matrix.verdicts[matrix.classOf[source]!]![matrix.classOf[destination]!]!;
}

/** Every pair checked directly: the reference the class-based matrix is tested against. */
export function bruteForceMatrix<T, V>(items: readonly T[], check: (source: T, destination: T) => V): V[][] {
  return items.map((source) => items.map((destination) => check(source, destination)));
}
