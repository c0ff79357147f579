/** Module jobs. */
package dev.vibe.jobs;
