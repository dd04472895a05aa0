package dev.berth.cni;

import dev.berth.model.BerthException;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network in CIDR notation ({@code 10.213.0.0/16}, {@code fd00:b::/64}), parsed strictly: literal
 * addresses only (never a name lookup), no leading zeros, no host bits set, room for a gateway and hosts.
 */
public record Cidr(InetAddress address, int prefix) {

    private static final Pattern V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]+");

    public static Cidr parse(String s) {
        if (s == null || s.isBlank()) {
            throw new BerthException.InvalidArgument("subnet must not be empty");
        }
        int slash = s.indexOf('/');
        if (slash < 0 || slash != s.lastIndexOf('/')) {
            throw bad(s, "write it as address/prefix, e.g. " + CniSettings.DEFAULT_SUBNET);
        }
        String addr = s.substring(0, slash);
        String len = s.substring(slash + 1);
        if (!len.matches("\\d{1,3}") || (len.length() > 1 && len.startsWith("0"))) {
            throw bad(s, "the prefix length must be a number");
        }
        InetAddress ip = address(addr);
        if (ip == null) {
            throw bad(s, "\"" + CniNames.printable(addr) + "\" is not an IPv4 or IPv6 address");
        }
        int prefix = Integer.parseInt(len);
        int bits = ip.getAddress().length * 8;
        int max = bits - 2; // a network address, a gateway and at least one host
        if (prefix < 1 || prefix > max) {
            throw bad(s, "the prefix length must be 1 to " + max + " for " + (bits == 32 ? "IPv4" : "IPv6"));
        }
        Cidr c = new Cidr(ip, prefix);
        InetAddress network = c.network();
        if (!network.equals(ip)) {
            throw bad(s, "host bits are set; the network is " + format(network) + "/" + prefix);
        }
        return c;
    }

    /** An IPv4 or IPv6 literal, or null. */
    static InetAddress address(String s) {
        if (s == null) {
            return null;
        }
        Matcher m = V4.matcher(s);
        if (m.matches()) {
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                String part = m.group(i + 1);
                int v = Integer.parseInt(part);
                if (v > 255 || (part.length() > 1 && part.startsWith("0"))) {
                    return null;
                }
                b[i] = (byte) v;
            }
            try {
                return InetAddress.getByAddress(b);
            } catch (UnknownHostException e) {
                return null;
            }
        }
        if (s.indexOf(':') < 0 || !V6.matcher(s).matches()) {
            return null;
        }
        try {
            // a string with ':' is parsed as an IPv6 literal, never looked up
            InetAddress a = InetAddress.getByName(s);
            return a instanceof Inet6Address ? a : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static BerthException bad(String s, String why) {
        return new BerthException.InvalidArgument("subnet \"" + CniNames.printable(s) + "\" is not valid: " + why);
    }

    public boolean isIpv6() {
        return !(address instanceof Inet4Address);
    }

    private int bits() {
        return address.getAddress().length * 8;
    }

    private BigInteger mask() {
        int bits = bits();
        return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
    }

    private InetAddress network() {
        return fromInt(new BigInteger(1, address.getAddress()).and(mask()), bits() / 8);
    }

    /** Whether {@code ip} (a literal) lies in this network. */
    public boolean contains(String ip) {
        InetAddress a = address(ip);
        if (a == null || a.getAddress().length != address.getAddress().length) {
            return false;
        }
        return new BigInteger(1, a.getAddress()).and(mask()).equals(new BigInteger(1, address.getAddress()));
    }

    /** Whether the two networks share any address. */
    public boolean overlaps(Cidr other) {
        if (other.address.getAddress().length != address.getAddress().length) {
            return false;
        }
        Cidr wider = prefix <= other.prefix ? this : other;
        Cidr narrower = wider == this ? other : this;
        return wider.contains(format(narrower.address));
    }

    /** The default route of this family ({@code 0.0.0.0/0} or {@code ::/0}). */
    public String defaultRoute() {
        return isIpv6() ? "::/0" : "0.0.0.0/0";
    }

    private static InetAddress fromInt(BigInteger v, int bytes) {
        byte[] raw = v.toByteArray();
        byte[] b = new byte[bytes];
        int copy = Math.min(raw.length, bytes);
        System.arraycopy(raw, raw.length - copy, b, bytes - copy, copy);
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static String format(InetAddress a) {
        String s = a.getHostAddress();
        int pct = s.indexOf('%');
        return pct >= 0 ? s.substring(0, pct) : s;
    }

    @Override
    public String toString() {
        return format(address) + "/" + prefix;
    }
}
