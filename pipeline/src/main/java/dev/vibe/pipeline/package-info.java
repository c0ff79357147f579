/** Module pipeline. */
package dev.vibe.pipeline;
