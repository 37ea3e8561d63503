package org.aegis.shell;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.aegis.api.metrics.MetricsCalculator;
import org.aegis.api.metrics.WindowAnalysis;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

@Command(scope = "aegis", name = "metrics-compute",
        description = "Computes Φ, R, S, D, C and the MIB of a phase series in a CSV file.",
        detailedDescription = "One row per sample (oldest first), one column per oscillator, phases in radians; "
                + "2 to 16 oscillators, at least 4·n+2 rows.")
@Service
public class MetricsComputeCommand implements Action {

    @Argument(name = "file", description = "CSV file of phases", required = true)
    @Completion(FileCompleter.class)
    String file;

    @Reference
    MetricsCalculator calculator;

    @Override
    public Object execute() {
        WindowAnalysis a;
        try (Reader csv = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            a = calculator.analyse(calculator.readCsv(csv));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("No such file: " + file, e);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        var m = a.metrics();
        System.out.printf("Window      : %d samples x %d oscillators%s%n", a.samples(), a.oscillators(),
                a.phiReliable() ? "" : "  (too short for a reliable Φ: under 20 samples per oscillator)");
        System.out.printf("Φ phi       : %.9f   MIB %s | %s%n", m.phi(), a.mib().first(), a.mib().second());
        System.out.printf("R coherence : %.9f%n", m.coherence());
        System.out.printf("S stability : %.9f%n", m.stability());
        System.out.printf("D divergence: %.9f%n", m.divergence());
        System.out.printf("C level     : %.9f%n", m.consciousnessLevel());
        return null;
    }
}
