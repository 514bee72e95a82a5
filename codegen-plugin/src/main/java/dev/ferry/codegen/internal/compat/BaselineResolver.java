package dev.ferry.codegen.internal.compat;

import dev.ferry.codegen.internal.CodegenFailure;
import dev.ferry.codegen.internal.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.VersionRangeRequest;
import org.eclipse.aether.resolution.VersionRangeResolutionException;
import org.eclipse.aether.resolution.VersionRangeResult;
import org.eclipse.aether.version.Version;

/**
 * Finds earlier versions of the schemas in a Maven artifact: resolves it like a dependency (local
 * repository, then the project's remote repositories) and unpacks its .avsc and .proto files. A
 * version range resolves to every version in it, newest first, for transitive levels.
 */
public final class BaselineResolver {
    private final RepositorySystem system;
    private final RepositorySystemSession session;
    private final List<RemoteRepository> repositories;
    private final Path workDirectory;

    public BaselineResolver(
            RepositorySystem system,
            RepositorySystemSession session,
            List<RemoteRepository> repositories,
            Path workDirectory) {
        this.system = system;
        this.session = session;
        this.repositories = List.copyOf(repositories);
        this.workDirectory = workDirectory;
    }

    /**
     * @param coordinates {@code groupId:artifactId[:extension[:classifier]]:version}; the version may
     *     be a range such as {@code [1.0,2.0)}
     * @param newestOnly resolve only the newest version of a range
     * @throws CodegenFailure when the coordinates are malformed or nothing resolves
     */
    public List<Baseline> resolve(String coordinates, boolean newestOnly) {
        Artifact artifact = parse(coordinates);
        List<Baseline> baselines = new ArrayList<>();
        for (Artifact version : versionsNewestFirst(artifact, newestOnly)) {
            Path jar = download(version);
            Path root = workDirectory.resolve(version.getArtifactId() + "-" + version.getVersion());
            int schemas = unpackSchemas(jar, root);
            if (schemas == 0) {
                throw new CodegenFailure(
                        "the baseline artifact " + version + " holds no .avsc or .proto files: package the"
                                + " schemas into it (a <resource> for src/main/avro and src/main/proto), or use baselineDirectory");
            }
            baselines.add(new Baseline(version.toString(), root));
        }
        return baselines;
    }

    private static Artifact parse(String coordinates) {
        String[] parts = coordinates.strip().split(":");
        try {
            if (parts.length == 3) {
                return new DefaultArtifact(parts[0], parts[1], "jar", parts[2]);
            }
            return new DefaultArtifact(coordinates.strip());
        } catch (IllegalArgumentException e) {
            throw new CodegenFailure(
                    "baselineArtifact is '" + coordinates + "': expected groupId:artifactId:version (the"
                            + " version may be a range such as [1.0,2.0)), or groupId:artifactId:extension:classifier:version",
                    e);
        }
    }

    private List<Artifact> versionsNewestFirst(Artifact artifact, boolean newestOnly) {
        String version = artifact.getVersion();
        if (!version.startsWith("[") && !version.startsWith("(")) {
            return List.of(artifact);
        }
        VersionRangeResult range;
        try {
            range = system.resolveVersionRange(session, new VersionRangeRequest(artifact, repositories, null));
        } catch (VersionRangeResolutionException e) {
            throw new CodegenFailure(
                    "cannot resolve the versions of the baseline " + artifact + ": " + e.getMessage(), e);
        }
        List<Version> versions = new ArrayList<>(range.getVersions());
        if (versions.isEmpty()) {
            throw new CodegenFailure(
                    "no version of the baseline " + artifact.getGroupId() + ":" + artifact.getArtifactId()
                            + " is in the range " + version + " in [" + describeRepositories() + "]");
        }
        java.util.Collections.reverse(versions);
        List<Version> chosen = newestOnly ? versions.subList(0, 1) : versions;
        return chosen.stream().map(v -> artifact.setVersion(v.toString())).toList();
    }

    private Path download(Artifact artifact) {
        try {
            return system.resolveArtifact(session, new ArtifactRequest(artifact, repositories, null))
                    .getArtifact()
                    .getFile()
                    .toPath();
        } catch (ArtifactResolutionException e) {
            throw new CodegenFailure(
                    "cannot resolve the baseline artifact " + artifact + " from [" + describeRepositories() + "]: "
                            + e.getMessage(),
                    e);
        }
    }

    private String describeRepositories() {
        return repositories.stream().map(RemoteRepository::getUrl).collect(Collectors.joining(", "));
    }

    /** Copies every .avsc and .proto entry of the jar below {@code root}, keeping its path. */
    static int unpackSchemas(Path jar, Path root) {
        FileTrees.emptyDirectory(root);
        int count = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || !(name.endsWith(".avsc") || name.endsWith(".proto"))) {
                    continue;
                }
                Path destination = root.resolve(name).normalize();
                if (!destination.startsWith(root)) {
                    continue; // an entry named ../x would escape the directory
                }
                Files.createDirectories(destination.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, destination);
                }
                count++;
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the schemas of the baseline " + jar, e);
        }
    }
}
