package org.aegis.shell;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.aegis.api.model.ModelInfo;
import org.aegis.api.router.ModelRouter;
import org.aegis.api.router.ProviderStatus;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "aegis", name = "models",
        description = "Lists the models the node serves and its model providers with their circuit and load.")
@Service
public class ModelsCommand implements Action {

    @Reference(optional = true)
    ModelRouter router;

    @Override
    public Object execute() {
        ModelRouter router = Services.require(this.router, "model router", "aegis-models");
        print(router.models(), router.providers(), System.out);
        return null;
    }

    static void print(List<ModelInfo> models, List<ProviderStatus> providers, PrintStream out) {
        ShellTable modelTable = new ShellTable();
        modelTable.column("Model");
        modelTable.column("Capabilities");
        modelTable.column("Providers");
        for (ModelInfo model : models) {
            List<String> servedBy = providers.stream().filter(p -> p.models().contains(model.id()))
                    .map(ProviderStatus::id).toList();
            modelTable.addRow().addContent(model.id(), String.join(", ", new TreeSet<>(model.capabilities())),
                    String.join(", ", servedBy));
        }
        modelTable.print(out);
        out.println();
        ShellTable providerTable = new ShellTable();
        providerTable.column("Provider");
        providerTable.column("Circuit");
        providerTable.column("Outstanding").alignRight();
        providerTable.column("Requests").alignRight();
        providerTable.column("Errors").alignRight();
        providerTable.column("Latency ms").alignRight();
        providerTable.column("Tokens in/out").alignRight();
        providerTable.column("Last error").maxSize(60);
        for (ProviderStatus p : providers) {
            providerTable.addRow().addContent(p.id(), p.circuit(), p.outstanding(), p.requests(), p.errors(),
                    String.format(Locale.ROOT, "%.1f", p.meanLatencyMillis()),
                    p.promptTokens() + "/" + p.completionTokens(), p.lastError() == null ? "" : p.lastError());
        }
        providerTable.print(out);
        if (providers.isEmpty()) {
            out.println("No model provider installed.");
        }
    }
}
