package it.proto;

import it.proto.probe.Probe;
import it.proto.shop.Money;

public class ProbeUse {
  public static Probe probe() {
    return Probe.newBuilder().setExpected(Money.newBuilder().setUnits(1)).build();
  }
}
