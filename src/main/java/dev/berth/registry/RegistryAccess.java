package dev.berth.registry;

import dev.berth.oci.RepositoryName;
import org.eclipse.jetty.server.Request;

/**
 * What the caller of one request may read, for the decisions the registry makes inside a request:
 * whether a cross-repository mount may take a blob from another repository, and which catalog
 * entries to list. The authentication gate in front of the registry sets it as a request
 * attribute; without a gate, everything is readable.
 */
public interface RegistryAccess {

  /** The request attribute under which the gate stores the caller's access. */
  String ATTRIBUTE = RegistryAccess.class.getName();

  /** Access that allows reading every repository, used when no gate is installed. */
  RegistryAccess UNRESTRICTED = repository -> true;

  /** Returns whether the caller may pull from {@code repository}. */
  boolean mayPull(RepositoryName repository);

  /** Returns the caller's signed-in name for events and audit, empty for anonymous callers. */
  default java.util.Optional<String> actor() {
    return java.util.Optional.empty();
  }

  /** Returns the access the gate attached to {@code request}. */
  static RegistryAccess of(Request request) {
    return request.getAttribute(ATTRIBUTE) instanceof RegistryAccess access ? access : UNRESTRICTED;
  }
}
