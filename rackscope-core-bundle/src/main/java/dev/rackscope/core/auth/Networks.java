package dev.rackscope.core.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * IP addresses and CIDR blocks ({@code auth.trusted_networks}, the trusted proxies), and the client address of
 * a request: the socket peer, or, when the peer is a trusted proxy, the right-most {@code X-Forwarded-For} entry
 * that is not a trusted proxy itself.
 */
public final class Networks {

    /** Only literal addresses: never a host name, which would mean a DNS lookup per request. */
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+(%[0-9A-Za-z]+)?");

    /** One block: the network's bytes and its prefix length. */
    record Block(byte[] network, int prefix) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;

    private Networks(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** The blocks of {@code entries} ({@code 10.0.0.0/8}, {@code 192.168.1.5}, {@code ::1}); invalid entries are skipped. */
    public static Networks parse(List<String> entries) {
        List<Block> out = new ArrayList<>();
        if (entries != null) {
            for (String e : entries) {
                Block b = block(e);
                if (b != null) {
                    out.add(b);
                }
            }
        }
        return new Networks(List.copyOf(out));
    }

    /** Comma- or space-separated entries, as in {@code RACKSCOPE_TRUSTED_PROXIES}. */
    public static Networks parse(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return new Networks(List.of());
        }
        return parse(List.of(commaSeparated.trim().split("[,\\s]+")));
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** Whether {@code address} (a literal IP) lies in one of the blocks; anything unparsable is outside. */
    public boolean contains(String address) {
        byte[] bytes = bytes(address);
        if (bytes == null) {
            return false;
        }
        for (Block b : blocks) {
            if (b.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code address} is a loopback address (127.0.0.0/8, ::1, or IPv4-mapped loopback). */
    public static boolean isLoopback(String address) {
        byte[] bytes = bytes(address);
        return bytes != null && (bytes.length == 4 ? bytes[0] == 127 : isV6Loopback(bytes));
    }

    private static boolean isV6Loopback(byte[] b) {
        for (int i = 0; i < 15; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[15] == 1;
    }

    /**
     * The client's address: {@code peer}, unless {@code peer} is one of {@code proxies}; then the entries of
     * {@code forwardedFor} are walked from the right (the one the nearest proxy added) and the first that is
     * not a trusted proxy is the client. A malformed entry ends the walk at the last trusted hop.
     */
    public static String clientAddress(String peer, String forwardedFor, Networks proxies) {
        if (proxies.isEmpty() || forwardedFor == null || forwardedFor.isBlank() || !proxies.contains(peer)) {
            return peer;
        }
        String client = peer;
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = stripPort(hops[i].trim());
            if (bytes(hop) == null) {
                return client;
            }
            client = hop;
            if (!proxies.contains(hop)) {
                return hop;
            }
        }
        return client;
    }

    /** {@code [::1]:8080} → {@code ::1}, {@code 10.0.0.1:5000} → {@code 10.0.0.1}; bare addresses unchanged. */
    static String stripPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? hop : hop.substring(1, end);
        }
        int colon = hop.indexOf(':');
        if (colon > 0 && colon == hop.lastIndexOf(':') && hop.indexOf('.') > 0) {
            return hop.substring(0, colon);
        }
        return hop;
    }

    static Block block(String entry) {
        if (entry == null) {
            return null;
        }
        String e = entry.trim();
        int slash = e.indexOf('/');
        String address = slash < 0 ? e : e.substring(0, slash);
        byte[] bytes = bytes(address);
        if (bytes == null) {
            return null;
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            String p = e.substring(slash + 1);
            if (!p.matches("\\d{1,3}")) {
                return null;
            }
            prefix = Integer.parseInt(p);
            if (prefix > bytes.length * 8) {
                return null;
            }
        }
        return new Block(bytes, prefix);
    }

    private static byte[] ipv4(String address) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("\\d{1,3}")) {
                return null;
            }
            int v = Integer.parseInt(parts[i]);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    /** The bytes of a literal IPv4 or IPv6 address (IPv4-mapped IPv6 as IPv4), or {@code null}. */
    static byte[] bytes(String address) {
        if (address == null || address.isEmpty() || address.length() > 64 || !LITERAL.matcher(address).matches()) {
            return null;
        }
        if (address.indexOf(':') < 0) {
            return ipv4(address);
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}
