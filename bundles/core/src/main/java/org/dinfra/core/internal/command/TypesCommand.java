package org.dinfra.core.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.dinfra.core.api.DescriptorType;
import org.dinfra.core.api.DescriptorTypes;

/** Lists the descriptor types served by the installed reactors. */
@Service
@Command(scope = "dinfra", name = "types", description = "Lists the descriptor types served by the installed reactors.")
public class TypesCommand implements Action {
	@Reference
	DescriptorTypes types;

	@Option(name = "--no-format", description = "Disable table rendered output")
	boolean noFormat;

	@Override
	public Object execute() {
		ShellTable table = new ShellTable();
		table.column("Type");
		table.column("Version");
		table.column("Schema");
		table.column("Reactor");
		for (DescriptorType t : types.types()) {
			table.addRow().addContent(t.id(), t.version(), t.schemaId(), t.reactor());
		}
		table.print(System.out, !noFormat);
		return null;
	}
}
