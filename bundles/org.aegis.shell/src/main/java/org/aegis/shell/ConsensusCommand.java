package org.aegis.shell;

import org.aegis.api.consensus.ConsensusEngine;
import org.aegis.api.consensus.ConsensusState;
import org.aegis.api.consensus.Validator;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "aegis", name = "consensus",
        description = "Shows the view, sequence, primary, validators with their weights, and the fault tolerance.")
@Service
public class ConsensusCommand implements Action {

    @Reference(optional = true)
    ConsensusEngine engine;

    @Override
    public Object execute() {
        ConsensusEngine engine = Services.require(this.engine, "consensus engine", "aegis-consensus");
        ConsensusState state = engine.state();
        long total = state.validators().totalWeight();
        System.out.printf("View %d, primary %s%s%n", state.view(), state.primary(),
                state.viewChangeInProgress() ? " (view change in progress)" : "");
        System.out.printf("Last committed %d, stable checkpoint %d, weight epoch %d%n", state.lastCommitted(),
                state.stableCheckpoint(), state.validators().epoch());
        ShellTable table = new ShellTable();
        table.column("Validator");
        table.column("Weight").alignRight();
        table.column("Share").alignRight();
        for (Validator v : state.validators().validators()) {
            table.addRow().addContent(v.peerId() + (v.peerId().equals(state.primary()) ? " *" : ""), v.weight(),
                    String.format("%.1f %%", 100.0 * v.weight() / Math.max(1, total)));
        }
        table.print(System.out);
        System.out.printf("Total weight W = %d; a certificate needs more than %d (2W/3)%n", total, 2 * total / 3);
        System.out.printf("Tolerates Byzantine weight up to %d (3f < W), i.e. any %d validator(s)%n",
                state.faultToleranceWeight(), state.faultToleranceCount());
        return null;
    }
}
