package dev.berth.web;

/**
 * Settings of the web UI.
 *
 * @param signupEnabled whether the sign-up page creates accounts for anyone who reaches it
 */
public record WebSettings(boolean signupEnabled) {}
