package dev.vibe.grading.code.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UidPoolTest {

    @Test
    void judgesOnOneHostGetDisjointUidsUntilClosed() {
        try (UidPool a = new UidPool(62000, 3); UidPool b = new UidPool(62000, 2)) {
            assertThat(a.uids()).hasSize(3).doesNotContainAnyElementsOf(b.uids());
            a.close();
            try (UidPool c = new UidPool(62000, 3)) {
                assertThat(c.uids()).containsExactlyElementsOf(a.uids());
            }
        }
    }

    @Test
    void handsOutEachUidToOneRunAtATime() throws InterruptedException {
        try (UidPool pool = new UidPool(62100, 2)) {
            int first = pool.acquire();
            int second = pool.acquire();
            assertThat(first).isNotEqualTo(second);
            pool.release(first);
            assertThat(pool.acquire()).isEqualTo(first);
        }
    }

    @Test
    void refusesPrivilegedUids() {
        assertThatThrownBy(() -> new UidPool(0, 1)).hasMessageContaining("unprivileged");
    }
}
