package org.underlay.dsl.model;

import java.util.ArrayList;
import java.util.List;

import org.underlay.dsl.DesignElements;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.Rack;
import org.underlay.dsl.underlay.Room;
import org.underlay.dsl.underlay.Site;

/** What a site holds across its rooms and the design's files: its devices, the environments bound to it. */
public final class Sites {

	private Sites() {
	}

	/** Every device of every rack of every room, in text order. */
	public static List<Device> devicesOf(Site site) {
		List<Device> devices = new ArrayList<>();
		for (Room room : site.getRooms()) {
			for (Rack rack : room.getRacks()) {
				devices.addAll(rack.getDevices());
			}
		}
		return devices;
	}

	/** The environments of the design bound to this site, from every file of its resource set. */
	public static List<Environment> environmentsOf(Site site) {
		List<Environment> result = new ArrayList<>();
		for (Environment environment : DesignElements.elementsOf(DesignElements.resourcesOf(site), Environment.class)) {
			if (environment.getSite() == site) {
				result.add(environment);
			}
		}
		return result;
	}
}
