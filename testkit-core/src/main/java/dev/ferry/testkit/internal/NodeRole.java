package dev.ferry.testkit.internal;

/** What a KRaft node does: the single-node cluster combines both roles. */
public enum NodeRole {
    COMBINED("broker,controller"),
    CONTROLLER("controller"),
    BROKER("broker");

    private final String processRoles;

    NodeRole(String processRoles) {
        this.processRoles = processRoles;
    }

    public String processRoles() {
        return processRoles;
    }

    public boolean servesClients() {
        return this != CONTROLLER;
    }
}
