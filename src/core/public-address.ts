import { BlockList, isIPv4, isIPv6 } from "node:net";

/**
 * Addresses a server-side fetch must never reach: this host, the private network, link-local (where
 * cloud metadata services answer, 169.254.169.254 and fd00:ec2::254), and every range that is not the
 * public internet. IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4, Teredo) are refused
 * whole or judged by the IPv4 address inside.
 */
const REFUSED = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  REFUSED.addSubnet(network, prefix, "ipv4");
// No ::ffff:0:0/96 here: BlockList matches every IPv4 address against it. Mapped addresses are
// unwrapped below and judged as the IPv4 address they carry.
for (const [network, prefix] of [
  ["::", 96],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001::", 32],
  ["2001:db8::", 32],
  ["2002::", 16],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const)
  REFUSED.addSubnet(network, prefix, "ipv6");

/** "::ffff:127.0.0.1" and "::ffff:7f00:1" → "127.0.0.1"; null for any other address. */
export function mappedIpv4(address: string): string | null {
  if (!isIPv6(address)) return null;
  // The URL parser writes every IPv6 address in one canonical, compressed, hexadecimal form.
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const groups = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!groups) return null;
  const [high, low] = [Number.parseInt(groups[1] ?? "0", 16), Number.parseInt(groups[2] ?? "0", 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** True only for an IP address on the public internet. Anything else, or not an address: false. */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "");
  // A zone ("fe80::1%eth0") names a local interface: never the public internet.
  if (bare.includes("%")) return false;
  const inner = mappedIpv4(bare);
  if (inner) return isPublicAddress(inner);
  if (isIPv4(bare)) return !REFUSED.check(bare, "ipv4");
  if (isIPv6(bare)) return !REFUSED.check(bare, "ipv6");
  return false;
}
