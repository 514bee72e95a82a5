package dev.ferry.producer.internal.metrics;

import java.util.Map;
import java.util.function.Supplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;

/**
 * One scope's metrics as read-only {@code double} attributes, shaped like kafka-clients'
 * {@code JmxReporter.KafkaMbean} so exporters see the same types.
 */
final class MetricsMBean implements DynamicMBean {
    private final Supplier<Map<String, Double>> values;

    MetricsMBean(Supplier<Map<String, Double>> values) {
        this.values = values;
    }

    @Override
    public Object getAttribute(String name) throws AttributeNotFoundException {
        Double value = values.get().get(name);
        if (value == null) {
            throw new AttributeNotFoundException("Could not find attribute " + name);
        }
        return value;
    }

    @Override
    public AttributeList getAttributes(String[] names) {
        Map<String, Double> snapshot = values.get();
        AttributeList list = new AttributeList();
        for (String name : names) {
            Double value = snapshot.get(name);
            if (value != null) {
                list.add(new Attribute(name, value));
            }
        }
        return list;
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        Map<String, Double> snapshot = values.get();
        MBeanAttributeInfo[] attributes = snapshot.keySet().stream()
                .map(name -> new MBeanAttributeInfo(name, double.class.getName(), name, true, false, false))
                .toArray(MBeanAttributeInfo[]::new);
        return new MBeanInfo(getClass().getName(), "", attributes, null, null, null);
    }

    @Override
    public Object invoke(String name, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("Ferry's metric MBeans are read-only");
    }

    @Override
    public void setAttribute(Attribute attribute) {
        throw new UnsupportedOperationException("Ferry's metric MBeans are read-only");
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        throw new UnsupportedOperationException("Ferry's metric MBeans are read-only");
    }
}
