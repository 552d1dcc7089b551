package dev.berth.auth;

import java.util.List;

/**
 * One page of users from {@link AccountService#listUsers(Principal.User, long, int)}.
 *
 * @param total how many users exist in all
 * @param users the users on this page, ordered by name
 */
public record UserListing(long total, List<UserAccount> users) {

  public UserListing {
    users = List.copyOf(users);
  }
}
