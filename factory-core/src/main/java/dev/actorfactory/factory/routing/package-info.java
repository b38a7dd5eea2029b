/**
 * How a factory routes jobs: the {@link dev.actorfactory.factory.routing.RoutingMode modes} a user picks, and the
 * decisions behind them, each a small class that decides and never queues, locks or wakes anything (the engine
 * in {@code dev.actorfactory.factory} carries the decisions out):
 * <ul>
 *   <li>{@link dev.actorfactory.factory.routing.WorkerRouter}: the worker a job goes to under the worker-queued
 *       modes, whether a full queue passes the job on, and what a grow does to the backlog
 *       ({@link dev.actorfactory.factory.routing.GrowRebalance});</li>
 *   <li>{@link dev.actorfactory.factory.routing.KeyBuckets} and
 *       {@link dev.actorfactory.factory.routing.BucketTable}: key-persistent routing's key → bucket → worker map,
 *       and the {@link dev.actorfactory.factory.routing.RebalancePlan plan} of bucket moves at a resize;</li>
 *   <li>{@link dev.actorfactory.factory.routing.StickyKeys}: sticky-queuer's key → worker bindings;</li>
 *   <li>queuer routing needs no decision: an idle worker pulls the oldest job of the factory's queue.</li>
 * </ul>
 */
@NullMarked
package dev.actorfactory.factory.routing;

import org.jspecify.annotations.NullMarked;
