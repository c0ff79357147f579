package dev.vibe.pipeline.testing;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink MiniCluster the ITs share per class: 2 TaskManagers × 2 slots, no restarts unless a job asks. */
public final class FlinkCluster {

    private FlinkCluster() {
    }

    /** Use as {@code @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();}. */
    public static MiniClusterExtension extension() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.setString("security.delegation.tokens.enabled", "false");
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(conf).setNumberTaskManagers(2).setNumberSlotsPerTaskManager(2).build());
    }
}
