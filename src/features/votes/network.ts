import { isIPv4, isIPv6 } from "node:net";
import { keyedHash } from "../../core/tokens.js";

/** Expands "2001:db8::1" to its eight groups, so prefixes can be taken. */
function ipv6Groups(ip: string): string[] {
  const [head = "", tail = ""] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = ip.includes("::") ? 8 - left.length - right.length : 0;
  return [...left, ...Array(missing).fill("0"), ...right].map((group) =>
    group.padStart(4, "0").toLowerCase(),
  );
}

/**
 * The network an address belongs to for stuffing checks: its IPv4 /24 or IPv6 /64 (one household or
 * small office usually holds one of each). IPv4-mapped IPv6 addresses count as IPv4.
 */
export function networkOf(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  const address = mapped ?? ip;
  if (isIPv4(address)) return `${address.split(".").slice(0, 3).join(".")}.0/24`;
  if (isIPv6(address)) return `${ipv6Groups(address).slice(0, 4).join(":")}::/64`;
  return address;
}

export interface AddressHashes {
  ipHash: string;
  networkHash: string;
}

/**
 * The keyed hashes of an address and of its network, remembered: a reader sends many requests from
 * one address, and two HMACs per vote were a measurable share of the vote path (bench/votes).
 */
export function addressHasher(secret: string, capacity = 10_000): (ip: string) => AddressHashes {
  const known = new Map<string, AddressHashes>();
  return (ip) => {
    let hashes = known.get(ip);
    if (!hashes) {
      hashes = { ipHash: keyedHash(secret, ip), networkHash: keyedHash(secret, networkOf(ip)) };
      // Forgetting everything at once is crude but bounded, and costs only recomputing.
      if (known.size >= capacity) known.clear();
      known.set(ip, hashes);
    }
    return hashes;
  };
}
