package dev.sesame.receipt.inbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** A tenant's IP address filters: mail from a blocked range is refused unless an Allow filter covers it, as in SES. */
final class IpFilters {

    private IpFilters() {
    }

    static boolean blocked(List<ObjectNode> filters, InetAddress client) {
        boolean allowed = filters.stream().anyMatch(f -> f.at("/IpFilter/Policy").asText().equals("Allow")
                && covers(f.at("/IpFilter/Cidr").asText(), client));
        return !allowed && filters.stream().anyMatch(f -> f.at("/IpFilter/Policy").asText().equals("Block")
                && covers(f.at("/IpFilter/Cidr").asText(), client));
    }

    static boolean covers(String cidr, InetAddress client) {
        try {
            String[] parts = cidr.split("/");
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            byte[] address = client.getAddress();
            if (network.length != address.length) {
                return false;
            }
            int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : network.length * 8;
            int width = network.length * 8;
            BigInteger mask = BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(width - bits).subtract(BigInteger.ONE));
            return new BigInteger(1, network).and(mask).equals(new BigInteger(1, address).and(mask));
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }
}
