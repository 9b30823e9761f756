package com.xakia.scim.ops;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.modelmbean.InvalidTargetObjectTypeException;
import javax.management.modelmbean.ModelMBean;
import javax.management.modelmbean.ModelMBeanInfo;

import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedInstance;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.api.management.NotificationSenderAware;
import org.apache.camel.spi.ManagementMBeanAssembler;
import org.apache.camel.support.management.DefaultManagementMBeanAssembler;
import org.apache.camel.support.management.MBeanInfoAssembler;
import org.apache.camel.support.management.MixinRequiredModelMBean;
import org.apache.camel.support.management.NotificationSenderAdapter;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Camel's MBeans (every route, processor, endpoint, consumer…) with the MBeanInfo of each managed class built
 * once. Camel's own assembler rebuilds it for every MBean from the class's annotations: a route's has about 200
 * attributes and operations, and doing that for every route and processor was the largest single part of
 * start-up (a fifth of the main thread with 127 routes, plus the JIT compiling the JMX descriptor checks it ran hot).
 * <p>
 * Sharing is safe: Camel derives an MBeanInfo from the managed object's class alone (its name, annotations and
 * methods), and every {@code RequiredModelMBean} keeps a copy of the MBeanInfo it is given. An object that brings
 * an annotated instance of its own to mix in (rare) is assembled by Camel's assembler, unchanged.
 */
public final class CachingMBeanAssembler extends ServiceSupport implements ManagementMBeanAssembler {

    private final CamelContext context;
    private final MBeanInfoAssembler infos;
    private final DefaultManagementMBeanAssembler mixins;
    private final Map<Class<?>, ModelMBeanInfo> byClass = new ConcurrentHashMap<>();

    public CachingMBeanAssembler(CamelContext context) {
        this.context = context;
        this.infos = new MBeanInfoAssembler(context);
        this.mixins = new DefaultManagementMBeanAssembler(context);
    }

    @Override
    public ModelMBean assemble(MBeanServer server, Object managed, ObjectName name) throws JMException {
        if (managed instanceof ManagedInstance instance && instance.getInstance() != null
                && instance.getInstance().getClass().isAnnotationPresent(ManagedResource.class)) {
            return mixins.assemble(server, managed, name);
        }
        ModelMBeanInfo info = infoOf(managed, name);
        if (info == null) {
            return null; // a proxy class: Camel registers no MBean for it either
        }
        MixinRequiredModelMBean mbean = new MixinRequiredModelMBean(info, masked(), null, null);
        try {
            mbean.setManagedResource(managed, "ObjectReference");
        } catch (InvalidTargetObjectTypeException e) {
            throw new JMException(e.getMessage());
        }
        if (managed instanceof NotificationSenderAware aware) {
            aware.setNotificationSender(new NotificationSenderAdapter(mbean));
        }
        return mbean;
    }

    private ModelMBeanInfo infoOf(Object managed, ObjectName name) throws JMException {
        ModelMBeanInfo info = byClass.get(managed.getClass());
        if (info == null) {
            info = infos.getMBeanInfo(context, managed, null, name.toString());
            if (info != null) {
                byClass.putIfAbsent(managed.getClass(), info);
            }
        }
        return info;
    }

    /** How many classes' MBeanInfo was built. */
    int classes() {
        return byClass.size();
    }

    /** Camel's mask option: attributes and operations marked mask=true show their values sanitized. */
    private boolean masked() {
        return Boolean.TRUE.equals(context.getManagementStrategy().getManagementAgent().getMask());
    }

    @Override
    protected void doStart() {
        ServiceHelper.startService(infos, mixins);
    }

    @Override
    protected void doStop() {
        ServiceHelper.stopService(mixins, infos);
        byClass.clear();
    }
}
