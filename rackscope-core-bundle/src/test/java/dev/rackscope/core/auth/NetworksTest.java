package dev.rackscope.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class NetworksTest {

    @Test
    void blocksAndSingleAddresses() {
        Networks n = Networks.parse(List.of("10.0.0.0/8", "192.168.1.5", "2001:db8::/32", "::1"));
        assertTrue(n.contains("10.200.3.4"));
        assertFalse(n.contains("11.0.0.1"));
        assertTrue(n.contains("192.168.1.5"));
        assertFalse(n.contains("192.168.1.6"));
        assertTrue(n.contains("2001:db8:1::7"));
        assertFalse(n.contains("2001:db9::1"));
        assertTrue(n.contains("::1"));
        assertTrue(n.contains("::ffff:10.1.2.3"), "IPv4-mapped IPv6 is the IPv4 address");
    }

    @Test
    void prefixesThatAreNotWholeBytes() {
        Networks n = Networks.parse(List.of("172.16.0.0/12"));
        assertTrue(n.contains("172.31.255.255"));
        assertFalse(n.contains("172.32.0.0"));
        assertTrue(Networks.parse(List.of("0.0.0.0/0")).contains("8.8.8.8"));
    }

    @Test
    void invalidEntriesAreSkippedNeverLookedUp() {
        Networks n = Networks.parse(List.of("10.0.0.0/33", "999.1.1.1", "example.com", "10.0.0.0/x", "", "1.2.3.4/8"));
        assertFalse(n.isEmpty(), "the last entry is valid");
        assertTrue(n.contains("1.9.9.9"));
        assertFalse(n.contains("10.0.0.1"));
        assertNull(Networks.bytes("example.com"));
        assertNull(Networks.bytes("256.0.0.1"));
        assertNull(Networks.bytes("1.2.3"));
        assertFalse(n.contains("not an address"));
    }

    @Test
    void loopback() {
        assertTrue(Networks.isLoopback("127.0.0.1"));
        assertTrue(Networks.isLoopback("127.3.4.5"));
        assertTrue(Networks.isLoopback("::1"));
        assertTrue(Networks.isLoopback("0:0:0:0:0:0:0:1"));
        assertFalse(Networks.isLoopback("10.0.0.1"));
        assertFalse(Networks.isLoopback("::2"));
    }

    @Test
    void forwardedForIsBelievedOnlyFromTrustedProxies() {
        Networks proxies = Networks.parse("10.0.0.1, 10.0.0.2");
        assertEquals("203.0.113.9", Networks.clientAddress("203.0.113.9", "127.0.0.1", proxies),
                "a client cannot claim another address");
        assertEquals("198.51.100.7", Networks.clientAddress("10.0.0.1", "198.51.100.7", proxies));
        assertEquals("198.51.100.7", Networks.clientAddress("10.0.0.1", "1.1.1.1, 198.51.100.7, 10.0.0.2", proxies),
                "the right-most hop that is not a proxy; what the client wrote before it is ignored");
        assertEquals("10.0.0.2", Networks.clientAddress("10.0.0.1", "garbage, 10.0.0.2", proxies),
                "a malformed hop stops the walk at the last trusted one");
        assertEquals("198.51.100.7", Networks.clientAddress("10.0.0.1", "198.51.100.7:5123", proxies));
        assertEquals("2001:db8::5", Networks.clientAddress("10.0.0.1", "[2001:db8::5]:443", proxies));
        assertEquals("10.0.0.1", Networks.clientAddress("10.0.0.1", null, proxies));
        assertEquals("10.0.0.1", Networks.clientAddress("10.0.0.1", "198.51.100.7", Networks.parse("")),
                "no trusted proxies: the socket peer");
    }
}
