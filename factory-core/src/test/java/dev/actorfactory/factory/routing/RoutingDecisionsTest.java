package dev.actorfactory.factory.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The routing decisions on their own: no factory, no threads. */
class RoutingDecisionsTest {

    @Test
    void bucketCountIsAPowerOfTwoWithEightBucketsPerWorker() {
        assertThat(KeyBuckets.countFor(4)).isEqualTo(1024);
        assertThat(KeyBuckets.countFor(1000)).isEqualTo(8192);
        KeyBuckets buckets = new KeyBuckets(4);
        Set<Integer> seen = new HashSet<>();
        for (int key = 0; key < 10_000; key++) {
            int bucket = buckets.bucketOf(key);
            assertThat(bucket).isBetween(0, 1023);
            seen.add(bucket);
        }
        assertThat(seen).hasSizeGreaterThan(1000); // consecutive integers spread over (nearly) every bucket
    }

    @Test
    void aGrowMovesOnlyWhatTheNewWorkersNeedAndEveryWorkerEndsWithItsQuota() {
        BucketTable table = new BucketTable(1024, 8);
        table.assignEvenly(4);
        RebalancePlan plan = table.planResize(8);
        int moved = plan.moves().stream().mapToInt(move -> move.buckets().size()).sum();
        assertThat(moved).isEqualTo(512); // half the buckets, the least that gives 8 workers 128 each
        assertThat(plan.moves()).allSatisfy(move -> {
            assertThat(move.from()).isLessThan(4);
            assertThat(move.to()).isBetween(4, 7);
        });
        apply(table, plan);
        int[] held = held(table, 8);
        assertThat(held).containsOnly(128);
    }

    @Test
    void aShrinkMovesExactlyTheBucketsOfTheWorkersThatGoAway() {
        BucketTable table = new BucketTable(1024, 8);
        table.assignEvenly(8);
        RebalancePlan plan = table.planResize(3);
        assertThat(plan.moves()).allSatisfy(move -> assertThat(move.from()).isGreaterThanOrEqualTo(3));
        apply(table, plan);
        int[] held = held(table, 8);
        assertThat(held[0] + held[1] + held[2]).isEqualTo(1024);
        assertThat(new int[] {held[0], held[1], held[2]}).containsExactly(342, 341, 341);
        assertThat(table.planResize(3).moves()).as("a plan for the current size moves nothing").isEmpty();
    }

    @Test
    void routersPickWorkersInRange() {
        WorkerRouter<String> roundRobin = WorkerRouter.of(RoutingMode.ROUND_ROBIN, null, null);
        assertThat(new int[] {roundRobin.workerFor("a", 0, 3), roundRobin.workerFor("a", 0, 3),
                roundRobin.workerFor("a", 0, 3), roundRobin.workerFor("a", 0, 3)}).containsExactly(0, 1, 2, 0);
        assertThat(roundRobin.overflowsToNextWorker()).isTrue();
        assertThat(roundRobin.growRebalance()).isEqualTo(GrowRebalance.FAIR_SHARE);

        WorkerRouter<String> custom = WorkerRouter.of(RoutingMode.CUSTOM_HASH, (key, n) -> -1, null);
        assertThat(custom.workerFor("k", 0, 4)).isEqualTo(3); // out-of-range answers reduced modulo the count
        assertThat(custom.overflowsToNextWorker()).isFalse();
        assertThat(custom.growRebalance()).isEqualTo(GrowRebalance.ROUTE_AGAIN);

        BucketTable table = new BucketTable(1024, 4);
        table.assignEvenly(4);
        WorkerRouter<String> keyed = WorkerRouter.of(RoutingMode.KEY_PERSISTENT, null, table);
        assertThat(keyed.workerFor("k", 6, 4)).isEqualTo(2);
        table.assign(6, 3);
        assertThat(keyed.workerFor("k", 6, 4)).isEqualTo(3);

        WorkerRouter<String> random = WorkerRouter.of(RoutingMode.RANDOM, null, null);
        for (int i = 0; i < 100; i++) {
            assertThat(random.workerFor("k", 0, 5)).isBetween(0, 4);
        }
    }

    @Test
    void routersRefuseModesAndMissingArgumentsTheyCannotServe() {
        assertThatThrownBy(() -> WorkerRouter.of(RoutingMode.QUEUER, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("QUEUER");
        assertThatThrownBy(() -> WorkerRouter.of(RoutingMode.CUSTOM_HASH, null, null))
                .hasMessageContaining("customHash");
        assertThatThrownBy(() -> WorkerRouter.of(RoutingMode.KEY_PERSISTENT, null, null))
                .hasMessageContaining("bucket table");
    }

    @Test
    void aFairShareGrowSpreadsTheSurplusOverTheNewWorkersInTurn() {
        assertThat(GrowRebalance.fairShare(100, 8)).isEqualTo(13);
        assertThat(GrowRebalance.newWorkerFor(0, 4, 8)).isEqualTo(4);
        assertThat(GrowRebalance.newWorkerFor(5, 4, 8)).isEqualTo(5);
    }

    @Test
    void stickyKeysKeepOneKeysJobsBehindEachOtherOnOneWorker() {
        StickyKeys sticky = new StickyKeys();
        assertThat(sticky.arrive("k")).isEqualTo(StickyKeys.UNBOUND); // unbound: waits in the shared queue
        assertThat(sticky.takeShared("k", 2)).isEqualTo(2); // worker 2 takes it and binds the key
        assertThat(sticky.arrive("k")).isEqualTo(2); // the next one goes straight to worker 2
        assertThat(sticky.arrive("other")).isEqualTo(StickyKeys.UNBOUND);
        assertThat(sticky.takeShared("other", 1)).isEqualTo(1);
        sticky.boundJobLeft("k");
        sticky.boundJobLeft("k");
        assertThat(sticky.arrive("k")).as("unbound once its jobs ended").isEqualTo(StickyKeys.UNBOUND);
        assertThat(sticky.arrive("k")).as("behind its own shared job").isEqualTo(StickyKeys.UNBOUND);
        assertThat(sticky.takeShared("k", 0)).isEqualTo(0);
        assertThat(sticky.takeShared("k", 3)).as("bound to worker 0: forwarded there").isEqualTo(0);
        sticky.boundJobLeft("k");
        sticky.boundJobLeft("k");
        sticky.boundJobLeft("other");
        assertThat(sticky.size()).as("keys without jobs are forgotten").isZero();
    }

    @Test
    void aShedSharedJobForgetsItsKey() {
        StickyKeys sticky = new StickyKeys();
        sticky.arrive("k");
        sticky.sharedJobLeft("k");
        assertThat(sticky.size()).isZero();
    }

    private static void apply(BucketTable table, RebalancePlan plan) {
        for (RebalancePlan.Move move : plan.moves()) {
            for (int bucket : move.buckets()) {
                assertThat(table.ownerOf(bucket)).isEqualTo(move.from());
                table.assign(bucket, move.to());
            }
        }
    }

    private static int[] held(BucketTable table, int workers) {
        int[] held = new int[workers];
        for (int b = 0; b < table.buckets(); b++) {
            held[table.ownerOf(b)]++;
        }
        return held;
    }
}
