/**
 * The hub room: what Docker Hub shows about repositories beyond their content. It keeps
 * descriptions, visibility changes, stars, pull counts, who pushed each tag and a summary of each
 * manifest's platforms and size, lists and sorts repositories and tags, and searches names and
 * descriptions. {@link dev.berth.hub.Hub} is the entry point for the JSON API, {@code /v1/search}
 * and the web pages; {@link dev.berth.hub.Viewer} identifies the caller, so every list shows only
 * what that caller may see. The registry tells the hub about pushes, deletes and pulls through
 * {@link dev.berth.registry.RegistryListener}.
 */
@NullMarked
package dev.berth.hub;

import org.jspecify.annotations.NullMarked;
