/**
 * The accounts part of the JSON API under {@code /api/v2/}: login and sessions, users,
 * organizations, teams (called groups, as in Docker Hub's API), their members and repository
 * permissions, access tokens, two-factor enrolment and the administrator's login locks, plus the
 * OpenAPI description at {@code /api/openapi.json}.
 *
 * <p>It lives in the auth room because every endpoint calls only that room's services. {@link
 * dev.berth.auth.api.AccountsApi} is the Jetty handler; it authenticates each request (session
 * cookie or bearer access token), applies the route's {@link dev.berth.auth.api.Access} rule and
 * the CSRF check, and writes every error as {@code {"errors":[{"code","message"}]}}.
 */
@NullMarked
package dev.berth.auth.api;

import org.jspecify.annotations.NullMarked;
