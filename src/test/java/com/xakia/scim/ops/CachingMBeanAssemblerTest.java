package com.xakia.scim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.modelmbean.ModelMBean;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.ManagementObjectStrategy;
import org.apache.camel.support.management.DefaultManagementMBeanAssembler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Route and processor MBeans assembled from one MBeanInfo per class are the MBeans Camel's assembler makes. */
class CachingMBeanAssemblerTest {

    final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
    CamelContext context;
    CachingMBeanAssembler caching;
    DefaultManagementMBeanAssembler camels;

    @BeforeEach
    void start() throws Exception {
        context = new DefaultCamelContext();
        context.getCamelContextExtension().setName("mbean-assembler-test");
        context.getCamelContextExtension().setManagementMBeanAssembler(new CachingMBeanAssembler(context));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:one").routeId("one").setHeader("h", constant("1")).log("one");
                from("direct:two").routeId("two").setHeader("h", constant("2")).to("direct:one");
            }
        });
        context.start();
        caching = new CachingMBeanAssembler(context);
        camels = new DefaultManagementMBeanAssembler(context);
        caching.start();
        camels.start();
    }

    @AfterEach
    void stop() {
        caching.stop();
        camels.stop();
        context.stop();
    }

    @Test
    void a_route_mbean_has_the_attributes_operations_and_notifications_camel_gives_it() throws Exception {
        for (String id : List.of("one", "two")) { // the second route's info comes from the cache
            Object managed = objects().getManagedObjectForRoute(context, route(id));
            ObjectName name = new ObjectName("test:type=routes,name=" + id);
            MBeanInfo ours = caching.assemble(jmx, managed, name).getMBeanInfo();
            MBeanInfo theirs = camels.assemble(jmx, managed, name).getMBeanInfo();
            assertThat(ours).isEqualTo(theirs);
            assertThat(Arrays.stream(ours.getAttributes()).map(a -> a.getName()))
                    .contains("RouteId", "ExchangesTotal", "MeanProcessingTime");
        }
    }

    @Test
    void each_mbean_reads_its_own_object_through_the_shared_info() throws Exception {
        for (String id : List.of("one", "two")) {
            ModelMBean mbean = caching.assemble(jmx, objects().getManagedObjectForRoute(context, route(id)),
                    new ObjectName("test:type=routes,name=" + id));
            assertThat(mbean.getAttribute("RouteId")).isEqualTo(id);
        }
    }

    @Test
    void the_running_context_registered_its_routes_and_processors_through_it() throws Exception {
        ObjectName route = new ObjectName("org.apache.camel:context=mbean-assembler-test,type=routes,name=\"two\"");
        assertThat(jmx.getAttribute(route, "RouteId")).isEqualTo("two");
        context.createProducerTemplate().sendBody("direct:two", "x");
        assertThat(jmx.getAttribute(route, "ExchangesTotal")).isEqualTo(1L);
        assertThat(jmx.queryNames(new ObjectName("org.apache.camel:context=mbean-assembler-test,type=processors,*"), null))
                .hasSizeGreaterThanOrEqualTo(4);
        // set before the context started, the JMX agent took it: few infos for many MBeans
        CachingMBeanAssembler used = (CachingMBeanAssembler) context.getCamelContextExtension().getManagementMBeanAssembler();
        int mbeans = jmx.queryNames(new ObjectName("org.apache.camel:context=mbean-assembler-test,*"), null).size();
        assertThat(used.classes()).isPositive().isLessThan(mbeans);
        MBeanInfo registered = jmx.getMBeanInfo(route);
        Object managed = objects().getManagedObjectForRoute(context, route("two"));
        assertThat(registered).isEqualTo(camels.assemble(jmx, managed, route).getMBeanInfo());
    }

    private ManagementObjectStrategy objects() {
        return context.getManagementStrategy().getManagementObjectStrategy();
    }

    private Route route(String id) {
        return context.getRoute(id);
    }
}
