import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isPublicAddress, mappedIpv4 } from "./public-address.js";

describe("isPublicAddress", () => {
  it("refuses loopback, private, link-local, metadata and reserved addresses, IPv4 and IPv6", () => {
    const refused = [
      "127.0.0.1",
      "127.8.9.10",
      "0.0.0.0",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "100.64.0.1",
      "100.100.100.200",
      "169.254.169.254",
      "224.0.0.1",
      "255.255.255.255",
      "::",
      "::1",
      "[::1]",
      "fe80::1",
      "fe80::1%eth0",
      "fc00::1",
      "fd00:ec2::254",
      "ff02::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::ffff:169.254.169.254",
      "::ffff:a9fe:a9fe",
      "::ffff:10.0.0.1",
      "0:0:0:0:0:ffff:7f00:0001",
      "::127.0.0.1",
      "64:ff9b::7f00:1",
      "2002:7f00:1::",
      "2001:db8::1",
      "localhost",
      "not an address",
    ];
    for (const address of refused) assert.equal(isPublicAddress(address), false, address);
  });

  it("lets public addresses through, including a mapped public IPv4", () => {
    for (const address of [
      "93.184.216.34",
      "8.8.8.8",
      "172.32.0.1",
      "2606:4700:4700::1111",
      "::ffff:8.8.8.8",
    ])
      assert.equal(isPublicAddress(address), true, address);
  });

  it("reads the IPv4 address inside an IPv4-mapped IPv6 address, in either notation", () => {
    assert.equal(mappedIpv4("::ffff:127.0.0.1"), "127.0.0.1");
    assert.equal(mappedIpv4("::FFFF:7F00:1"), "127.0.0.1");
    assert.equal(mappedIpv4("::1"), null);
    assert.equal(mappedIpv4("127.0.0.1"), null);
  });
});
