/** Module operators. */
package dev.vibe.operators;
