package dev.ferry.codegen.internal.protobuf;

import dev.ferry.codegen.internal.CodegenFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Resolves {@code com.google.protobuf:protoc:<version>:exe:<platform>} like any other artifact
 * (local repository first, then the project's remote repositories) and copies it where it can be
 * made executable: files in the local repository carry no execute permission.
 */
public final class MavenProtocResolver implements ProtocLocator {
    private final RepositorySystem system;
    private final RepositorySystemSession session;
    private final List<RemoteRepository> repositories;
    private final String version;
    private final String classifier;
    private final Path targetDirectory;

    public MavenProtocResolver(
            RepositorySystem system,
            RepositorySystemSession session,
            List<RemoteRepository> repositories,
            String version,
            String classifier,
            Path targetDirectory) {
        this.system = system;
        this.session = session;
        this.repositories = List.copyOf(repositories);
        this.version = version;
        this.classifier = classifier;
        this.targetDirectory = targetDirectory;
    }

    @Override
    public Path locate() {
        Artifact artifact = new DefaultArtifact("com.google.protobuf", "protoc", classifier, "exe", version);
        Path resolved;
        try {
            resolved = system.resolveArtifact(session, new ArtifactRequest(artifact, repositories, null))
                    .getArtifact()
                    .getFile()
                    .toPath();
        } catch (ArtifactResolutionException e) {
            String from = repositories.stream().map(RemoteRepository::getUrl).collect(Collectors.joining(", "));
            throw new CodegenFailure(
                    "cannot resolve " + artifact + " from [" + from + "]: " + e.getMessage()
                            + " (check protocVersion, or set protocExecutable to a local protoc)",
                    e);
        }
        return installExecutable(resolved, targetDirectory.resolve(resolved.getFileName()));
    }

    static Path installExecutable(Path resolved, Path target) {
        try {
            if (!Files.isRegularFile(target) || Files.size(target) != Files.size(resolved)) {
                Files.createDirectories(target.getParent());
                Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
                Files.copy(resolved, temporary, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            if (!Files.isExecutable(target) && !target.toFile().setExecutable(true)) {
                throw new IllegalStateException("cannot make " + target + " executable");
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy protoc from " + resolved + " to " + target, e);
        }
    }
}
