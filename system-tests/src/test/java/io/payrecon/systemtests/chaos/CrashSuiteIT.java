package io.payrecon.systemtests.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.devstack.DevStack;
import io.payrecon.events.Topics;
import io.payrecon.launcher.Credentials;
import io.payrecon.launcher.LocalSystem;
import io.payrecon.launcher.chaos.ChaosEnvironment;
import io.payrecon.launcher.chaos.ChaosReport;
import io.payrecon.launcher.chaos.ChaosRun;
import io.payrecon.launcher.chaos.CrashSuite;
import io.payrecon.launcher.chaos.FaultRecord;
import io.payrecon.launcher.traffic.PlacedOrder;
import io.payrecon.launcher.traffic.SandboxDelivery;
import io.payrecon.launcher.traffic.Scenario;
import io.payrecon.launcher.traffic.TrafficRecord;
import io.payrecon.systemtests.EventContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The crash suite's short form (about five minutes): 4 orders/s at the provider's default tier, through every scenario with duplicated and
 * reordered deliveries while the gateway, the reconciler, link-service and the broker are each killed -9 and
 * restarted, PostgreSQL is stopped for 10 s, the reconciler halts between a batch's database commit and its offset
 * commit and link-service between an outbox insert and its publish; then the ledger must balance. Skip it with
 * {@code -DexcludedGroups=chaos}; {@code -Dchaos.scenarios=FULL,REFUNDED} limits the traffic to those scenarios. The
 * long form is {@code ./pipeline chaos}.
 *
 * <p>{@code -Dchaos.instances=2} runs it with two instances of the gateway, the reconciler and link-service behind the
 * launcher's load balancers: each of their kills is then the kill of one instance, and the others must have taken over
 * within {@link ChaosReport#TAKEOVER_TARGET} (294 s on 2026-12-05 at load 4 to 9, take-overs 0.1, 11.1 and 10.7 s). Not
 * in the default build: it cannot replace the one-instance run, whose whole-gateway outage is what makes deliveries fail
 * for good so that only polling recovers them, and beside it, it would add about five minutes.
 */
@Tag("chaos")
class CrashSuiteIT {

    private static final int INSTANCES = Integer.getInteger("chaos.instances", 1);

    private static LocalSystem system;

    @BeforeAll
    static void startTheSystem() {
        Credentials credentials = Credentials.generate();
        system = new LocalSystem(
                        Path.of("..").toAbsolutePath().normalize(),
                        DevStack.shared(),
                        credentials,
                        LocalSystem.freePorts(),
                        LocalSystem.instancesOfEach(INSTANCES),
                        ChaosRun.inherited(System.getenv()),
                        ChaosEnvironment.of(credentials, Map.of()),
                        List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                        Path.of("target", INSTANCES == 1 ? "chaos-logs" : "chaos-logs-" + INSTANCES),
                        null)
                .start();
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void nothingIsLostOrDoubledWhileEveryProcessIsKilledAndTheDatabaseStalls() {
        CrashSuite.Settings settings = CrashSuite.Settings.shortForm();
        List<Scenario> scenarios = Scenario.parse(System.getProperty("chaos.scenarios", ""));
        if (!scenarios.isEmpty()) {
            settings = settings.withTraffic(settings.traffic().onlyScenarios(scenarios));
        }
        CrashSuite suite = new CrashSuite(system, settings, System.out);
        ChaosReport report = suite.run();
        report.print(System.out);
        TrafficRecord traffic = report.traffic();

        assertThat(report.faults())
                .as("every fault applied once, and everything came back")
                .extracting(FaultRecord::fault)
                .containsExactlyElementsOf(suite.cycle());
        assertThat(report.faults())
                .allSatisfy(fault ->
                        assertThat(fault.recovered()).as(fault.detail()).isTrue());
        assertThat(traffic.orders().stream().filter(order -> order.creation() == PlacedOrder.Creation.CREATED))
                .as("orders created despite the faults")
                .hasSizeGreaterThan(traffic.orders().size() * 9 / 10);
        assertThat(traffic.orders())
                .extracting(PlacedOrder::scenario)
                .containsAll(scenarios.isEmpty() ? List.of(Scenario.values()) : scenarios);
        if (INSTANCES == 1) {
            assertThat(traffic.deliveries().values())
                    .as("the gateway's outage outlasted the provider's retries: only polling can recover these")
                    .anyMatch(delivery -> delivery.status().equals("failed"));
        } else {
            assertThat(report.faults())
                    .as("each kill of one instance, taken over by the others within the target")
                    .filteredOn(fault -> fault.takeover() != null)
                    .hasSize(3)
                    .allSatisfy(fault -> assertThat(ChaosReport.withinTarget(fault))
                            .as(fault.detail())
                            .isTrue());
        }
        assertThat(traffic.deliveries().values())
                .as("deliveries were duplicated and reordered")
                .anyMatch(delivery -> delivery.duplicateOf() != null)
                .anyMatch(delivery -> delivery.faults().stream().anyMatch(f -> f.startsWith("reorder")))
                .as(".client_id and .checkout variants were delivered")
                .anyMatch(delivery -> delivery.event().endsWith(".client_id"))
                .anyMatch(delivery -> delivery.event().endsWith(".checkout"));
        if (scenarios.isEmpty() || scenarios.contains(Scenario.REFUNDED)) {
            assertThat(traffic.acceptedDeliveries())
                    .extracting(SandboxDelivery::event)
                    .contains("payment.refunded");
        }

        assertThat(report.ledger().discrepancies()).as(report.toString()).isEmpty();
        Map<String, Integer> checked =
                EventContract.assertEveryEventConforms(system.infrastructure().adminClientProperties());
        System.out.println("Events checked against the published contract: " + checked);
        assertThat(checked.get(Topics.ORDER_PAYMENT_STATUS)).isPositive();
    }
}
