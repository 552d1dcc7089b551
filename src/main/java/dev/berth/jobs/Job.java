package dev.berth.jobs;

/**
 * A claimed job.
 *
 * @param id the job's id, a UUID that stays the same across attempts
 * @param kind what the job does, which picks its {@link JobHandler}
 * @param payload the handler's input, usually JSON
 * @param attempt the number of this attempt, from 1
 * @param createdAt when the job was enqueued, in milliseconds since the Unix epoch
 */
public record Job(String id, String kind, String payload, int attempt, long createdAt) {}
