import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { keyedHash } from "../../core/tokens.js";
import { addressHasher, networkOf } from "./network.js";

describe("networkOf", () => {
  it("groups IPv4 addresses by /24 and IPv6 by /64", () => {
    assert.equal(networkOf("203.0.113.7"), "203.0.113.0/24");
    assert.equal(networkOf("203.0.113.250"), "203.0.113.0/24");
    assert.equal(networkOf("::ffff:203.0.113.9"), "203.0.113.0/24");
    assert.equal(networkOf("2001:db8:1:2:aaaa::1"), "2001:0db8:0001:0002::/64");
    assert.equal(networkOf("2001:db8:1:2::ffff"), "2001:0db8:0001:0002::/64");
    assert.notEqual(networkOf("2001:db8:1:3::1"), networkOf("2001:db8:1:2::1"));
    assert.equal(networkOf("::1"), "0000:0000:0000:0000::/64");
  });

  it("hashes with the key, so the same address gives different hashes on different sites", () => {
    assert.equal(keyedHash("a", "1.2.3.4"), keyedHash("a", "1.2.3.4"));
    assert.notEqual(keyedHash("a", "1.2.3.4"), keyedHash("b", "1.2.3.4"));
    assert.match(keyedHash("a", "1.2.3.4"), /^[0-9a-f]{64}$/);
  });

  it("remembers an address's hashes, and still answers right once it has forgotten them", () => {
    const hashesOf = addressHasher("key", 2);
    const expected = (ip: string) => ({
      ipHash: keyedHash("key", ip),
      networkHash: keyedHash("key", networkOf(ip)),
    });
    for (const ip of ["203.0.113.7", "203.0.113.8", "2001:db8::1", "203.0.113.7"]) {
      assert.deepEqual(hashesOf(ip), expected(ip));
    }
    assert.equal(hashesOf("203.0.113.7").networkHash, hashesOf("203.0.113.8").networkHash);
  });
});
