package dev.rootkey.webhook.verify;

import dev.rootkey.net.Cidrs;
import inet.ipaddr.IPAddress;
import java.util.List;
import java.util.Optional;

/**
 * A RootKey's {@code spec.allowedCidrs}, parsed. An entry that does not parse (the operator reports
 * it as an invalid spec) admits nobody, so a list of only bad entries admits nobody: a typo never
 * opens a key to every address.
 */
final class CidrAllowlist {

  private final IPAddress[] blocks;

  private CidrAllowlist(IPAddress[] blocks) {
    this.blocks = blocks;
  }

  static CidrAllowlist parse(List<String> cidrs) {
    return new CidrAllowlist(
        cidrs.stream().map(Cidrs::parseBlock).flatMap(Optional::stream).toArray(IPAddress[]::new));
  }

  boolean allows(CallerAddress caller) {
    IPAddress address = caller.address();
    if (address == null) {
      return false;
    }
    for (IPAddress block : blocks) {
      if (Cidrs.contains(block, address)) {
        return true;
      }
    }
    return false;
  }
}
