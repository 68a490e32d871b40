import './base.css';
import './tracking.css';
import './runView.css';
import './compare.css';
import './pipeline.css';
import './reproduce.css';
import './registry.css';
import './remote.css';
