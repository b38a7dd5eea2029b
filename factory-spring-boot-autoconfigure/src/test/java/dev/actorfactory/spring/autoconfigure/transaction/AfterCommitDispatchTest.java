package dev.actorfactory.spring.autoconfigure.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import dev.actorfactory.factory.DispatchResult;
import dev.actorfactory.factory.FactoryRef;
import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.spring.FactoryWorker;
import dev.actorfactory.spring.autoconfigure.FactoryAutoConfiguration;
import dev.actorfactory.spring.autoconfigure.FactoryConfigurationException;

/** dispatch-after-commit: jobs dispatched in a transaction run after it commits, and never if it rolls back. */
class AfterCommitDispatchTest {

    static final List<String> RAN = new CopyOnWriteArrayList<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FactoryAutoConfiguration.class))
            .withUserConfiguration(App.class)
            .withPropertyValues("factory.instances.orders.workers=1",
                    "factory.instances.orders.dispatch-after-commit=true");

    @FactoryWorker("orders")
    static final class OrderWorker implements Worker<String, String, String> {
        @Override
        public String handle(Job<String, String> job) {
            RAN.add(job.message());
            return job.message();
        }
    }

    /** A transaction manager with no resource: enough for transaction synchronization. */
    static final class NoResourceTransactionManager extends AbstractPlatformTransactionManager {
        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(OrderWorker.class)
    static final class App {
        @Bean
        PlatformTransactionManager transactionManager() {
            return new NoResourceTransactionManager();
        }
    }

    @Test
    void aJobDispatchedInATransactionRunsOnlyAfterItCommits() {
        RAN.clear();
        runner.run(context -> {
            @SuppressWarnings("unchecked")
            FactoryRef<String, String, String> orders = context.getBean("orders", FactoryRef.class);
            TransactionTemplate transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
            long id = transaction.execute(status -> {
                DispatchResult result = orders.dispatch("customer-1", "committed");
                assertThat(result.isAccepted()).isTrue();
                assertThat(orders.stats().scheduled()).as("held until the commit").isEqualTo(1);
                return result.jobId();
            });
            assertThat(id).isPositive();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> RAN.contains("committed"));
            assertThat(orders.stats().scheduled()).isZero();
            assertThat(orders.stats().completed()).isEqualTo(1);
        });
    }

    @Test
    void aJobDispatchedInATransactionThatRollsBackNeverRuns() {
        RAN.clear();
        runner.run(context -> {
            @SuppressWarnings("unchecked")
            FactoryRef<String, String, String> orders = context.getBean("orders", FactoryRef.class);
            TransactionTemplate transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
            transaction.executeWithoutResult(status -> {
                orders.dispatch("customer-1", "rolled-back");
                status.setRollbackOnly();
            });
            orders.call("customer-1", "after").get(10, TimeUnit.SECONDS); // same key, same worker: runs after it
            assertThat(RAN).containsExactly("after");
            assertThat(orders.stats().discardedByReason()).containsEntry(DiscardReason.CANCELLED, 1L);
            assertThat(orders.stats().outstanding()).isZero();
        });
    }

    @Test
    void outsideATransactionAndForCallsItDispatchesAtOnce() {
        RAN.clear();
        runner.run(context -> {
            @SuppressWarnings("unchecked")
            FactoryRef<String, String, String> orders = context.getBean("orders", FactoryRef.class);
            orders.dispatch("k", "no-transaction");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> RAN.contains("no-transaction"));
            TransactionTemplate transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
            String reply = transaction.execute(status -> orders.call("k", "call-in-transaction").join());
            assertThat(reply).isEqualTo("call-in-transaction");
            assertThat(orders.settingsInEffect()).containsEntry("workers", 1);
        });
    }

    @Test
    void withoutSpringTxTheSettingFailsTheStartNamingIt() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.transaction"))
                .withUserConfiguration(WorkerOnly.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable cause = context.getStartupFailure();
                    while (cause.getCause() != null) {
                        cause = cause.getCause();
                    }
                    assertThat(cause).isInstanceOf(FactoryConfigurationException.class)
                            .hasMessageContaining("factory.instances.orders.dispatch-after-commit is true");
                });
    }

    @Configuration(proxyBeanMethods = false)
    @Import(OrderWorker.class)
    static final class WorkerOnly {
    }
}
