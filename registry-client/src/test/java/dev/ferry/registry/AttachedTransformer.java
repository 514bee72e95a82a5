package dev.ferry.registry;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;

/**
 * A WireMock transformer that acts only on the stubs that name it ({@code withTransformers(name)}),
 * never on every request. In the test jar with {@link Hang}.
 */
public abstract class AttachedTransformer implements ResponseDefinitionTransformerV2 {
    private final String name;

    protected AttachedTransformer(String name) {
        this.name = name;
    }

    @Override
    public final boolean applyGlobally() {
        return false;
    }

    @Override
    public final String getName() {
        return name;
    }
}
