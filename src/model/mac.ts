/**
 * MAC address syntax as Go's net.ParseMAC accepts it, limited to what Calico documents for
 * `mac`: IEEE 802 MAC-48, EUI-48 and EUI-64.
 */

// Colon or hyphen groups of two hex digits (6 or 8 groups), or dot groups of four (3 or 4):
// `ca:fe:1d:52:bb:e9`, `CA-FE-1D-52-BB-E9`, `cafe.1d52.bbe9`, `02:00:5e:10:00:00:00:01`.
const COLON = /^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}(?:(?::[0-9A-Fa-f]{2}){2})?$/;
const HYPHEN = /^[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}(?:(?:-[0-9A-Fa-f]{2}){2})?$/;
const DOT = /^[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){2}(?:\.[0-9A-Fa-f]{4})?$/;

/** True for a MAC-48 / EUI-48 (6 bytes) or EUI-64 (8 bytes) address in colon, hyphen or dot notation. */
export function isValidMac(text: string): boolean {
  return COLON.test(text) || HYPHEN.test(text) || DOT.test(text);
}
