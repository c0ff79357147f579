/** Module grading. */
package dev.vibe.grading;
