// Keeps the sources of the kind asked for (-Dkind=...) as the project's src/ and removes the others.
// An unknown kind removes the whole generated project, so nothing half-made is left behind.
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

Path project = Paths.get(request.outputDirectory, request.artifactId)
Path kinds = project.resolve('kinds')
String kind = request.properties.get('kind')
List<String> known = kinds.toFile().list().toList().sort()
if (!known.contains(kind)) {
    project.toFile().deleteDir()
    throw new IllegalArgumentException("-Dkind=" + kind + " is not a kind of AEGIS plugin; choose one of " + known)
}
[main: 'src/main/java', test: 'src/test/java'].each { part, target ->
    Path sources = kinds.resolve(kind).resolve(part)
    if (Files.isDirectory(sources)) {
        Files.createDirectories(project.resolve(target).parent)
        Files.move(sources, project.resolve(target))
    }
}
Path instructions = kinds.resolve(kind).resolve('bnd.bnd')
if (Files.exists(instructions)) {
    Files.move(instructions, project.resolve('bnd.bnd'))
}
kinds.toFile().deleteDir()
println "AEGIS " + kind + " plugin generated in " + project + ": cd " + request.artifactId + " && mvn verify"
